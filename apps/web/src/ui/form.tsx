import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes } from 'react';
import { useId } from 'react';
import { useI18n } from './i18n.js';
import { describeError, fieldErrors } from './problem.js';

/**
 * Form parts every staff and guest screen shares: a labelled field with its hint and error
 * (wired with aria-describedby / aria-invalid), and the two button styles. Validate before
 * sending; show the server's field errors (describeError's `fields`) with ErrorState.
 */
export function Field({
  label,
  hint,
  error,
  children,
}: {
  label: string;
  hint?: string;
  error?: string | null;
  /** The control, given its id and described-by ids. */
  children: (control: { id: string; 'aria-describedby'?: string; 'aria-invalid'?: boolean }) => ReactNode;
}) {
  const id = useId();
  const described = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ');
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="font-medium">
        {label}
      </label>
      {children({
        id,
        ...(described && { 'aria-describedby': described }),
        ...(error && { 'aria-invalid': true }),
      })}
      {hint && (
        <p id={`${id}-hint`} className="text-sm text-stone-600">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="text-sm text-red-800">
          {error}
        </p>
      )}
    </div>
  );
}

const controlClass = 'rounded-md border border-stone-400 bg-white px-3 text-stone-900';

/** A labelled text input; `onValue` gets the string. */
export function TextField({
  label,
  hint,
  error,
  value,
  onValue,
  ...input
}: {
  label: string;
  hint?: string;
  error?: string | null;
  value: string;
  onValue: (value: string) => void;
} & Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'id'>) {
  return (
    <Field label={label} hint={hint} error={error}>
      {(control) => (
        <input
          {...input}
          {...control}
          value={value}
          onChange={(event) => onValue(event.target.value)}
          className={controlClass}
        />
      )}
    </Field>
  );
}

/** A labelled select over `options` ([value, label]). */
export function SelectField({
  label,
  hint,
  error,
  value,
  onValue,
  options,
  ...select
}: {
  label: string;
  hint?: string;
  error?: string | null;
  value: string;
  onValue: (value: string) => void;
  options: readonly (readonly [string, string])[];
} & Omit<SelectHTMLAttributes<HTMLSelectElement>, 'value' | 'onChange' | 'id'>) {
  return (
    <Field label={label} hint={hint} error={error}>
      {(control) => (
        <select
          {...select}
          {...control}
          value={value}
          onChange={(event) => onValue(event.target.value)}
          className={controlClass}
        >
          {options.map(([optionValue, optionLabel]) => (
            <option key={optionValue} value={optionValue}>
              {optionLabel}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/** The main action of a screen or form (amber), or a secondary one (outlined). */
export function buttonClass(kind: 'primary' | 'secondary' | 'danger' = 'primary') {
  const base = 'rounded-md px-4 font-semibold disabled:opacity-60';
  if (kind === 'secondary') return `${base} border border-stone-400 bg-white text-stone-900`;
  if (kind === 'danger') return `${base} bg-red-800 text-white`;
  return `${base} bg-amber-800 text-white`;
}

/** A labelled checkbox; the whole row is the touch target. */
export function CheckboxField({
  label,
  checked,
  onChecked,
}: {
  label: string;
  checked: boolean;
  onChecked: (checked: boolean) => void;
}) {
  return (
    <label className="flex min-h-11 cursor-pointer items-center gap-2">
      <input
        type="checkbox"
        checked={checked}
        onChange={(event) => onChecked(event.target.checked)}
        className="h-5 w-5"
      />
      <span>{label}</span>
    </label>
  );
}

/**
 * A failed save under its form: the problem in words and the server's field errors, except
 * those of `inline` fields (shown under their own control already).
 */
export function FormProblem({ error, inline = [] }: { error: unknown; inline?: readonly string[] }) {
  const { t } = useI18n();
  const { message } = describeError(error, t);
  const others = Object.entries(fieldErrors(error)).filter(([field]) => !inline.includes(field));
  return (
    <div role="alert" className="rounded-lg border border-red-300 bg-red-50 p-4 text-red-900">
      <p className="font-medium">{message}</p>
      {others.length > 0 && (
        <ul className="mt-2 list-disc pl-5 text-sm">
          {others.map(([field, fieldMessage]) => (
            <li key={field}>
              {field}: {fieldMessage}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/**
 * The buttons under an editor: save (submits the form), cancel, and — for something that exists
 * — delete after the browser's confirmation.
 */
export function EditorActions({
  saveLabel,
  saving,
  cancelLabel,
  onCancel,
  remove,
}: {
  saveLabel: string;
  saving: boolean;
  cancelLabel: string;
  onCancel: () => void;
  remove?: { label: string; confirm: string; pending: boolean; onConfirmed: () => void } | null;
}) {
  return (
    <div className="flex flex-wrap gap-3">
      <button type="submit" disabled={saving} className={buttonClass()}>
        {saveLabel}
      </button>
      <button type="button" onClick={onCancel} className={buttonClass('secondary')}>
        {cancelLabel}
      </button>
      {remove && (
        <button
          type="button"
          disabled={remove.pending}
          onClick={() => confirm(remove.confirm) && remove.onConfirmed()}
          className={`${buttonClass('danger')} ml-auto`}
        >
          {remove.label}
        </button>
      )}
    </div>
  );
}
