// The receiver: stored snapshot files → validated → one transaction each → loaded/ or rejected/.
export { processObject, DEFAULT_MAX_BYTES, type ProcessOptions, type ProcessResult, type FileStatus } from './process-object.js';
export { receiveAll, orderKeys, summarize, type ReceiveOptions, type ReceiveSummary } from './receive.js';
export { formatSummary } from './summary.js';
export { createHandler, handler, type HandlerOptions, type ReceiverHandler } from './handler.js';
export { openStorage, LocalDirectoryStorage, S3Storage, ObjectNotFoundError, StorageLocationError, type SnapshotStorage, type StoredObject } from './storage/index.js';
export { RejectError, classifyError, classifySqlState, type RejectReason, type FailReason } from './errors.js';
export { parseObjectKey, loadedKey, rejectedKey, errorReportKey, decodeEventKey, type KeyInfo } from './keys.js';
