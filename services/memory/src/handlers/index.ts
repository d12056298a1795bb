import memoryGet from './memory.get.js';
import memoryPrivacyErase from './memory.privacy.erase.js';
import memoryPrivacyMemories from './memory.privacy.memories.js';

/** Every subject of the memory catalog (libs/contracts/src/catalog/memory.ts), one file each. */
export const memoryHandlers = [memoryGet, memoryPrivacyMemories, memoryPrivacyErase];
