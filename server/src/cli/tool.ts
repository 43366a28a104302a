import { version } from '../../../package.json';

/** How the tool names itself in `--version`, JSON and SARIF. */
export const TOOL = {
  name: 'padded-cell',
  version,
  informationUri: 'https://github.com/padded-cell/padded-cell',
} as const;

/** Where each rule's generated documentation page is published. */
export function ruleHelpUri(code: string): string {
  return `${TOOL.informationUri}/blob/main/docs/rules/${code}.md`;
}
