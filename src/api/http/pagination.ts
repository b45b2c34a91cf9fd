// The query parameters and response fields every paginated list shares (spec/decisions.md: limit ≤ 500, offset).
import { z } from 'zod';
import { MAX_PAGE_LIMIT } from '../../shared/page.js';

export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_LIMIT).default(100).describe(`Items per page (1-${MAX_PAGE_LIMIT}, default 100)`),
  offset: z.coerce.number().int().min(0).default(0).describe('Items to skip (use next_offset of the previous page)'),
});

export const nextOffset = z.number().int().nullable().describe('offset of the next page; null on the last page');
