/**
 * The hidden marker that names a comment's topic, the same on every forge, so a rerun finds the bot's
 * comment on that topic and updates it or leaves it alone instead of adding another. Only
 * `[A-Za-z0-9._-]` and no `--`: it cannot end the HTML comment it sits in.
 */
export const topicMarker = (topic: string): string => `<!-- upkeep-topic: ${topic.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/-{2,}/g, '-')} -->`;

/** The comment text as posted: the text, a blank line, the marker. */
export const withTopicMarker = (text: string, topic: string): string => `${text.trimEnd()}\n\n${topicMarker(topic)}`;
