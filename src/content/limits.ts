import type { StoredLimitReason } from './tables.js';

/** Threads' limits on a post (docs: 500 characters, more than 5 links rejected). */
export const MAX_CHARS = 500;
export const MAX_LINKS = 5;

const LINK = /\bhttps?:\/\/[^\s]+|\bwww\.[^\s]+/gi;

export function linkCount(text: string): number {
  return text.match(LINK)?.length ?? 0;
}

/** Why a text cannot be published as it is (empty when it can). Characters are Unicode code points. */
export function limitReasons(text: string): StoredLimitReason[] {
  const reasons: StoredLimitReason[] = [];
  const chars = [...text].length;
  if (text.trim() === '') reasons.push({ code: 'empty', message: 'the text is empty' });
  if (chars > MAX_CHARS)
    reasons.push({ code: 'too_long', message: `${chars} characters: Threads allows ${MAX_CHARS}` });
  const links = linkCount(text);
  if (links > MAX_LINKS)
    reasons.push({ code: 'too_many_links', message: `${links} links: Threads allows ${MAX_LINKS}` });
  return reasons;
}
