/**
 * Topic patterns from configs (`topics.regex`, topic creation groups), matched on the linear-time engine
 * (decision 0008): no config can make the scheduler or a task backtrack for seconds.
 */
import { JavaPattern } from './java-regex.js';

/** A whole-name matcher for a topic pattern from a config. */
export interface TopicMatcher {
  test(topic: string): boolean;
}

/** The pattern's whole-name matcher; an invalid pattern (validation refuses it) gives null. */
export function safeRegex(pattern: string): TopicMatcher | null {
  try {
    const compiled = new JavaPattern(pattern);
    return { test: (topic) => compiled.matches(topic) };
  } catch {
    return null;
  }
}
