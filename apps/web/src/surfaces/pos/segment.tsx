import type { ReactNode } from 'react';

/** A radio drawn as a large segment button (a 44 px touch target); group them in a fieldset. */
export function Segment({
  name,
  checked,
  onChange,
  children,
}: {
  name: string;
  checked: boolean;
  onChange: () => void;
  children: ReactNode;
}) {
  return (
    <label
      className={`flex min-h-11 min-w-11 cursor-pointer items-center justify-center rounded-md border px-3 has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-blue-700 ${checked ? 'border-amber-800 bg-amber-800 text-white' : 'border-stone-400 bg-white'}`}
    >
      <input type="radio" className="sr-only" name={name} checked={checked} onChange={onChange} />
      {children}
    </label>
  );
}
