import { RE2JS } from 're2js';
import { type Skeleton, skeleton, visibleText } from './skeleton.js';

/**
 * The built-in prompt-injection patterns (docs/public-chat-api.md "Content rules"): the phrasings that try to
 * talk an agent out of its instructions, get it to show them, or switch it into a "mode" without
 * rules. RE2 like every pattern run on visitors' text, case ignored. Each is written to need the
 * whole phrase – "ignore" alone, or "my previous message", is an ordinary sentence – so a visitor
 * who is merely blunt is not flagged.
 */
export const PROMPT_INJECTION_PATTERNS: readonly { name: string; pattern: string }[] = [
  {
    name: 'ignore_instructions',
    pattern: String.raw`\b(?:ignore|disregard|forget|override|bypass|skip)\b[^.!?\n]{0,40}?\b(?:previous|prior|above|earlier|preceding|all|any|your|the|these|those|initial|original|system)\b[^.!?\n]{0,30}?\b(?:instructions?|prompts?|rules|directions|guidelines|directives|guardrails|programming)\b`,
  },
  {
    name: 'disregard_above',
    pattern: String.raw`\b(?:disregard|ignore|forget)\s+(?:everything\s+|all\s+|anything\s+)?(?:the\s+|that\s+was\s+)?(?:said\s+)?(?:above|before\s+this|so\s+far)\b`,
  },
  {
    name: 'you_are_now',
    pattern: String.raw`\byou\s+are\s+now\s+(?:DAN\b|an?\s+(?:unrestricted|unfiltered|uncensored|jailbroken|evil)\b|in\s+(?:developer|god|jailbreak|DAN)\s+mode\b|free\s+(?:of|from)\s+(?:all\s+)?(?:rules|restrictions)\b)`,
  },
  { name: 'do_anything_now', pattern: String.raw`\bdo\s+anything\s+now\b` },
  {
    name: 'mode_switch',
    pattern: String.raw`\b(?:developer|god|jailbreak|DAN|unrestricted)\s+mode\s+(?:on|enabled|activated)\b|\b(?:enable|activate|enter|switch\s+to)\s+(?:developer|god|jailbreak|DAN)\s+mode\b`,
  },
  { name: 'jailbreak', pattern: String.raw`\bjailbr(?:eak|oken)\b` },
  {
    name: 'reveal_prompt',
    pattern: String.raw`\b(?:reveal|show|print|repeat|display|output|leak|dump|give\s+me|tell\s+me|what\s+(?:is|are|were))\b[^.!?\n]{0,30}?\b(?:your|the)\s+(?:full\s+|entire\s+|exact\s+)?(?:system|hidden|initial|original|secret|internal)\s+(?:prompt|instructions|message|rules)\b`,
  },
  {
    name: 'pretend_unrestricted',
    pattern: String.raw`\b(?:pretend|imagine|act\s+as\s+if)\b[^.!?\n]{0,20}?\byou\s+(?:are|have)\s+(?:no\s+(?:rules|restrictions|filters|guidelines|limits)|not\s+bound)\b`,
  },
  { name: 'act_as_unrestricted', pattern: String.raw`\b(?:act|behave|respond)\s+as\s+(?:an?\s+)?(?:unrestricted|unfiltered|uncensored|jailbroken)\b` },
  { name: 'no_longer_bound', pattern: String.raw`\byou\s+(?:are\s+)?no\s+longer\s+(?:bound|restricted|limited)\s+by\b` },
  { name: 'new_instructions', pattern: String.raw`\b(?:new|updated|real)\s+(?:system\s+)?instructions\s*:` },
  // Chat-template and role markers a visitor has no reason to type: an attempt to speak as the system.
  { name: 'role_marker', pattern: String.raw`<\|?(?:im_start|im_end|system|endoftext)\|?>|\[/?INST\]|<</?SYS>>|#{2,}\s*(?:system|instructions?)\s*:?\s*$` },
];

interface CompiledInjection {
  name: string;
  re: RE2JS;
}

let compiled: { each: CompiledInjection[]; any: RE2JS } | undefined;

/**
 * Each pattern, and all of them as one alternation: a text none of them meets – nearly every
 * message – is read once instead of once a pattern, and only a text one meets is read again to
 * name which.
 */
function patterns(): { each: CompiledInjection[]; any: RE2JS } {
  const flags = RE2JS.CASE_INSENSITIVE | RE2JS.MULTILINE;
  compiled ??= {
    each: PROMPT_INJECTION_PATTERNS.map(({ name, pattern }) => ({ name, re: RE2JS.compile(pattern, flags) })),
    any: RE2JS.compile(PROMPT_INJECTION_PATTERNS.map(({ pattern }) => `(?:${pattern})`).join('|'), flags),
  };
  return compiled;
}

/**
 * The names of the built-in patterns the text meets, as typed or as its skeleton reads
 * (`Ign\u200bore`, `Ｉｇｎｏｒｅ`, `Ignоre` with a Cyrillic о, `previous\ninstructions`), empty
 * for none. The typed text still counts: a role marker at a line's end is one only there.
 */
export function promptInjectionHits(text: string, read: Skeleton = skeleton(text, { joinLines: true })): string[] {
  const typed = visibleText(text);
  const { each, any } = patterns();
  const meets = (re: RE2JS) => re.test(typed) || (read.text !== typed && re.test(read.text));
  if (!meets(any)) return [];
  return each.filter(({ re }) => meets(re)).map(({ name }) => name);
}
