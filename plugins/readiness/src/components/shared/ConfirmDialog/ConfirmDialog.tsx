import { ReactNode, useState } from 'react';
import Button from '@material-ui/core/Button';
import CircularProgress from '@material-ui/core/CircularProgress';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import Alert from '@material-ui/lab/Alert';
import { errorMessage } from '../../../lib/errors';
import { useFocusWhereOpened } from '../../../hooks/useFocusWhereOpened';

/**
 * Asks before a destructive action (reverting an answer, removing an
 * assignment); shows the error in place when the action fails.
 */
export function ConfirmDialog(props: {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  onConfirm: () => Promise<void>;
  onClose: () => void;
}) {
  const { title, children, confirmLabel, onConfirm, onClose } = props;
  // What it confirms often removes the button that opened it.
  useFocusWhereOpened();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string>();
  const confirm = async () => {
    setBusy(true);
    setFailure(undefined);
    try {
      await onConfirm();
    } catch (error) {
      setFailure(errorMessage(error));
      setBusy(false);
    }
  };
  return (
    <Dialog
      open
      onClose={busy ? undefined : onClose}
      aria-labelledby="readiness-confirm-title"
      aria-describedby="readiness-confirm-text"
    >
      <DialogTitle id="readiness-confirm-title">{title}</DialogTitle>
      <DialogContent>
        <DialogContentText id="readiness-confirm-text" component="div">
          {children}
        </DialogContentText>
        {failure && (
          <Alert severity="error" role="alert">
            {failure}
          </Alert>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={busy}>
          Cancel
        </Button>
        <Button
          onClick={confirm}
          color="secondary"
          variant="contained"
          disabled={busy}
          startIcon={busy ? <CircularProgress size={16} /> : undefined}
        >
          {confirmLabel}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
