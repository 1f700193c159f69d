import { ReactNode } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import CircularProgress from '@material-ui/core/CircularProgress';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import { VersionedEdit } from './useVersionedEdit';

/**
 * The frame of a dialog that edits a versioned record: a form with a title,
 * what the record is about, the conflict or failure of the last save, the
 * fields, and Cancel and Save. A 409 shows what is stored now with a choice
 * between applying the edit on top of it and starting from it; Save waits
 * for that choice. The dialog cannot be dismissed while saving.
 */
export function VersionedEditDialog<T>(props: {
  /** Id of the title element, which names the dialog. */
  titleId: string;
  title: string;
  /** Accessible name of the form. */
  formLabel: string;
  edit: VersionedEdit<T>;
  onClose: () => void;
  /** What the record is about, above the alerts. */
  intro: ReactNode;
  conflict: {
    title: string;
    /** What is stored now (null: nothing). */
    describe: (current: T | null) => ReactNode;
    /** Saving the edit on top of what is stored; none when that cannot help. */
    applyLabel?: string;
    startFromTheirsLabel: string;
  };
  failureTitle: string;
  saveLabel: string;
  /** The fields. */
  children: ReactNode;
}) {
  const { titleId, edit, onClose, conflict } = props;
  const { saving } = edit;
  return (
    <Dialog
      open
      onClose={saving ? undefined : onClose}
      aria-labelledby={titleId}
      maxWidth="sm"
      fullWidth
    >
      <form onSubmit={edit.onSubmit} noValidate aria-label={props.formLabel}>
        <DialogTitle id={titleId}>{props.title}</DialogTitle>
        <DialogContent dividers>
          {props.intro}
          {edit.conflict && (
            <Alert severity="warning" role="alert">
              <AlertTitle>{conflict.title}</AlertTitle>
              {conflict.describe(edit.conflict.current)}
              <Box mt={1} display="flex" style={{ gap: 8 }}>
                {conflict.applyLabel && (
                  <Button
                    size="small"
                    variant="contained"
                    color="primary"
                    onClick={edit.applyOnTop}
                    disabled={saving}
                  >
                    {conflict.applyLabel}
                  </Button>
                )}
                <Button
                  size="small"
                  onClick={edit.startFromTheirs}
                  disabled={saving}
                >
                  {conflict.startFromTheirsLabel}
                </Button>
              </Box>
            </Alert>
          )}
          {edit.failure && (
            <Alert severity="error" role="alert">
              <AlertTitle>{props.failureTitle}</AlertTitle>
              {edit.failure}
            </Alert>
          )}
          {props.children}
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose} disabled={saving}>
            Cancel
          </Button>
          <Button
            type="submit"
            color="primary"
            variant="contained"
            disabled={saving || Boolean(edit.conflict)}
            startIcon={saving ? <CircularProgress size={16} /> : undefined}
          >
            {props.saveLabel}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
