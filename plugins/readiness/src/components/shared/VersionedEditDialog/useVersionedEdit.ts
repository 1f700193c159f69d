import { FormEvent, useState } from 'react';
import { EntityScorecard } from '@prodready/plugin-readiness-common';
import { conflictOf, errorMessage } from '../../../lib/errors';

/** A write's answer: the recomputed scorecard, when the backend sent one. */
type WriteResponse = { scorecard?: EntityScorecard };

/** The state and actions of one versioned edit, for {@link VersionedEditDialog}. */
export interface VersionedEdit<T> {
  /** The version the edit is based on. */
  version: number;
  saving: boolean;
  /** Why the last save failed, unless it was a conflict. */
  failure?: string;
  /** What is stored now, after a 409. */
  conflict?: { current: T | null };
  onSubmit: (event: FormEvent) => void;
  /** Saves the edit again, based on the version stored now. */
  applyOnTop: () => void;
  /** Drops the edit for what is stored now. */
  startFromTheirs: () => void;
}

const FIELDS = 'input:not([type="hidden"]), textarea, select, button';

/** Focuses the first field marked invalid (the first control of a group so marked). */
function focusFirstInvalid(form: HTMLFormElement) {
  const invalid = form.querySelector<HTMLElement>('[aria-invalid="true"]');
  const field = invalid?.matches(FIELDS)
    ? invalid
    : invalid?.querySelector<HTMLElement>(FIELDS);
  field?.focus();
}

/**
 * The save cycle of a dialog that edits a versioned record (an answer, a
 * role assignment): the version the edit is based on, whether it is being
 * saved, and what went wrong. A 409 keeps the edit and holds what is stored
 * now, so the user can apply the edit on top of it or start from it; any
 * other failure is kept as a message. What the user typed survives both.
 */
export function useVersionedEdit<T extends { version: number }>(options: {
  /** The version of the record the user saw. */
  initialVersion: () => number;
  /**
   * Validates the edit for `baseVersion` and returns the write to send, or
   * undefined (after showing why) when the edit is not valid.
   */
  prepare: (baseVersion: number) => (() => Promise<WriteResponse>) | undefined;
  /** Puts what is stored now (null: nothing) into the form. */
  startFrom: (current: T | null) => void;
  onSaved: (scorecard: EntityScorecard | undefined) => void;
  /** Called after a 409, so the page behind the dialog can show the newer record too. */
  onConflict?: () => void;
}): VersionedEdit<T> {
  const { prepare, startFrom, onSaved, onConflict } = options;
  const [version, setVersion] = useState(options.initialVersion);
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<string>();
  const [conflict, setConflict] = useState<{ current: T | null }>();

  const save = async (baseVersion: number, form?: HTMLFormElement) => {
    const write = prepare(baseVersion);
    if (!write) {
      // Told, not only shown: focus goes to the first field that is wrong,
      // whose description says why (once the errors are rendered).
      if (form) setTimeout(() => focusFirstInvalid(form));
      return;
    }
    setFailure(undefined);
    setSaving(true);
    try {
      const response = await write();
      onSaved(response.scorecard);
    } catch (error) {
      const conflicting = conflictOf<T>(error);
      if (conflicting) {
        setConflict(conflicting);
        onConflict?.();
      } else {
        setFailure(errorMessage(error));
      }
      setSaving(false);
    }
  };

  return {
    version,
    saving,
    failure,
    conflict,
    onSubmit: (event: FormEvent) => {
      event.preventDefault();
      if (!conflict) save(version, event.currentTarget as HTMLFormElement);
    },
    applyOnTop: () => {
      const newVersion = conflict?.current?.version ?? 0;
      setVersion(newVersion);
      setConflict(undefined);
      save(newVersion);
    },
    startFromTheirs: () => {
      startFrom(conflict?.current ?? null);
      setVersion(conflict?.current?.version ?? 0);
      setConflict(undefined);
    },
  };
}
