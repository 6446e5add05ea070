import { Dialog } from '../ui/Dialog';
import { displayChord, useAllCommands } from './commands';
import { useUi } from './uiStore';

export function ShortcutsOverlay() {
  const open = useUi((s) => s.shortcutsOpen);
  const setOpen = useUi((s) => s.setShortcutsOpen);
  const commands = useAllCommands();
  if (!open) return null;
  const seen = new Set<string>();
  const withKeys = [...commands].reverse().filter((c) => c.keys && c.keys.length > 0 && !seen.has(c.id) && seen.add(c.id));
  const groups = new Map<string, typeof withKeys>();
  for (const c of withKeys) groups.set(c.group, [...(groups.get(c.group) ?? []), c]);
  return (
    <Dialog open title="Keyboard shortcuts" onClose={() => setOpen(false)}>
      <div className="dialog-body">
        {[...groups.entries()].map(([group, cs]) => (
          <section key={group} style={{ marginBottom: 12 }}>
            <h3 className="section-title">{group}</h3>
            <table className="shortcuts-table">
              <tbody>
                {cs.map((c) => (
                  <tr key={c.id}>
                    <td>{c.title}</td>
                    <td>
                      {c.keys!.map((chord, i) => (
                        <span key={chord}>
                          {i > 0 && <span className="faint"> or </span>}
                          {displayChord(chord).map((k, j) => (
                            <kbd key={j}>{k}</kbd>
                          ))}
                        </span>
                      ))}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        ))}
      </div>
    </Dialog>
  );
}
