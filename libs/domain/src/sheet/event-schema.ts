// Moved to core/upcasting.ts (shared by every aggregate); kept for imports not yet updated.
export * from '../core/upcasting';
