import type { InlineConfig } from 'vite';
import type { Page } from 'playwright';

export declare function servePage(dir: string, config?: InlineConfig): Promise<{ url: string; outDir: string; close(options?: { keepBuild?: boolean }): Promise<void> }>;
export declare function withPage<T>(dir: string, fn: (page: Page) => Promise<T>): Promise<T>;
