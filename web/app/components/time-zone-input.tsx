import { type InputHTMLAttributes, useEffect, useState } from 'react';

/**
 * A text input for an IANA time zone, suggesting the browser's list of zones.
 * The list is filled in after load (it is only a suggestion, and the server's
 * and the browser's lists may differ), so it is not in every page's data.
 */
export function TimeZoneInput(props: InputHTMLAttributes<HTMLInputElement> & { id: string }) {
  const [zones, setZones] = useState<string[]>([]);
  useEffect(() => setZones(Intl.supportedValuesOf('timeZone')), []);
  const listId = `${props.id}-zones`;
  return (
    <>
      <input {...props} list={listId} className="input" />
      <datalist id={listId}>
        {zones.map((zone) => (
          <option key={zone} value={zone} />
        ))}
      </datalist>
    </>
  );
}
