/**
 * The template language of Renovate's text options lives in util/templates.ts, so that custom managers
 * (which render `depNameTemplate`, `datasourceTemplate`, … while reading a file) use the same engine as
 * the plan without reaching into the plan's room. The plan keeps importing it from here.
 */
export { createTemplateEngine, escapeHtml, templateProblem, type TemplateFields } from '../util/templates.js';
