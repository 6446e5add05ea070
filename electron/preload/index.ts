import { contextBridge, ipcRenderer } from 'electron';
import type { AccordBridge } from '../../shared/ipc/accordBridge';
import { createAccordBridge } from './accordBridge';

// The renderer's only door to the desktop. contextBridge deep-freezes and clones the object,
// so the page can neither replace these functions nor reach ipcRenderer itself.
contextBridge.exposeInMainWorld('accord', createAccordBridge(ipcRenderer) satisfies AccordBridge);
