import { useMemo, useState } from 'react';
import { Dialog } from '../ui/Dialog';
import { displayChord, useAllCommands, type Command } from './commands';
import { useUi } from './uiStore';

/** Fuzzy-enough matching: every word of the query appears in the title or group. */
function matches(c: Command, q: string): boolean {
  const hay = `${c.title} ${c.group}`.toLowerCase();
  return q
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((w) => hay.includes(w));
}

export function CommandPalette() {
  const open = useUi((s) => s.paletteOpen);
  if (!open) return null;
  return <PaletteBody />;
}

function PaletteBody() {
  const setOpen = useUi((s) => s.setPaletteOpen);
  const commands = useAllCommands();
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const list = useMemo(() => {
    const seen = new Set<string>();
    // Newest registrations first (the screen in front), one entry per id.
    return [...commands]
      .reverse()
      .filter((c) => !c.hiddenInPalette && !seen.has(c.id) && seen.add(c.id) && (c.enabled ? c.enabled() : true) && matches(c, query));
  }, [commands, query]);
  const close = () => setOpen(false);
  const run = (c: Command | undefined) => {
    if (!c) return;
    close();
    // Let the dialog close (and focus return) before the action moves focus elsewhere.
    window.setTimeout(() => c.run(), 0);
  };
  const activeIndex = Math.min(active, Math.max(0, list.length - 1));

  return (
    <Dialog open title="Command palette" onClose={close} className="palette" hideTitle>
      <input
        autoFocus
        role="combobox"
        aria-expanded="true"
        aria-controls="palette-list"
        aria-activedescendant={list[activeIndex] ? `cmd-${list[activeIndex].id}` : undefined}
        aria-label="Type a command"
        placeholder="Type a command…"
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            setActive((i) => Math.min(list.length - 1, i + 1));
          } else if (e.key === 'ArrowUp') {
            e.preventDefault();
            setActive((i) => Math.max(0, i - 1));
          } else if (e.key === 'Enter') {
            e.preventDefault();
            run(list[activeIndex]);
          }
        }}
      />
      <ul id="palette-list" role="listbox" aria-label="Commands">
        {list.map((c, i) => (
          <li
            key={c.id}
            id={`cmd-${c.id}`}
            role="option"
            aria-selected={i === activeIndex}
            onMouseEnter={() => setActive(i)}
            onClick={() => run(c)}
          >
            <span>{c.title}</span>
            {c.keys?.[0] && (
              <span className="row" style={{ gap: 2 }}>
                {displayChord(c.keys[0]).map((k, j) => (
                  <kbd key={j}>{k}</kbd>
                ))}
              </span>
            )}
            <span className="group">{c.group}</span>
          </li>
        ))}
        {list.length === 0 && <li aria-disabled="true" role="option" aria-selected="false">No matching command</li>}
      </ul>
    </Dialog>
  );
}
