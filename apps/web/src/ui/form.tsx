import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes } from 'react';
import { useId } from 'react';

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
