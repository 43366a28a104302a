import type { RuleMeta } from '../rules/types';

/**
 * A rule's documentation in Ruff's fixed sections, as Markdown and as plain text. SARIF viewers
 * (GitHub code scanning, VS Code's SARIF viewer) show it next to each result, so a reviewer
 * reads why the construct is an escape without leaving the alert.
 */
export function ruleHelpMarkdown(meta: RuleMeta): string {
  const { docs } = meta;
  const sections = [
    `## ${meta.code} ${meta.name}`,
    `### What it does\n${docs.what}`,
    `### Why is this bad?\n${docs.why}`,
    `### Example\n\`\`\`python\n${docs.example}\n\`\`\``,
    `### Use instead\n${docs.instead}`,
  ];
  if (docs.fixSafety) sections.push(`### Fix safety\n${docs.fixSafety}`);
  if (docs.references?.length) sections.push(`### References\n${docs.references.map((r) => `- ${r}`).join('\n')}`);
  return sections.join('\n\n');
}

export function ruleHelpText(meta: RuleMeta): string {
  const { docs } = meta;
  const sections = [
    `${meta.code} ${meta.name}: ${meta.summary}`,
    `What it does: ${docs.what}`,
    `Why is this bad? ${docs.why}`,
    `Example:\n${docs.example}`,
    `Use instead: ${docs.instead}`,
  ];
  if (docs.fixSafety) sections.push(`Fix safety: ${docs.fixSafety}`);
  if (docs.references?.length) sections.push(`References:\n${docs.references.join('\n')}`);
  return sections.join('\n\n');
}
