export { isPublicAddress, publicAddressesOnly, type AddressPolicy } from './address-policy.ts';
export { allowedTypesText, servableContentTypes } from './content-types.ts';
export { createFetcher, type Fetcher, type FetcherOptions, type FetchedResponse } from './fetcher.ts';
export { createLocalMediaStore, type LocalMediaStore } from './local-store.ts';
export { createMediaService, type MediaServiceOptions } from './service.ts';
export type { MediaLibrary, MediaPage, MediaRecord, MediaService, MediaStore } from './types.ts';
