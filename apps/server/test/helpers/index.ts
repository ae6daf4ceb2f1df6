/** Test helpers other workspaces use to run a real Concord (the web client's browser tests). */
export { createApi, login, type Api } from './api.ts';
export { backendName, createBackend, type Backend } from './backends.ts';
export { adminEmail, adminPassword, startTestServer, type TestServer } from './test-server.ts';
export { eventually } from './yjs-client.ts';
export { makePng } from './media-files.ts';
