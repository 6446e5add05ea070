// Nothing to do yet: native modules are built for Node by npm; electron-builder rebuilds them for Electron when packaging.
