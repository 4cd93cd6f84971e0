export { importExportRoutes } from './import-export.routes.js';
export { createMenuImportExport } from './import-export.service.js';
