export { createErasureService, type ErasureService } from './service.ts';
export { eraseItemInTx, type ErasureRequest } from './erase-item.ts';
export { erasePersonInTx } from './erase-person.ts';
