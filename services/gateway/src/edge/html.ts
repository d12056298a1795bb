/** Text made safe to put in HTML, in an element or a quoted attribute (as the visitors' mails escape it). */
export { escapeMailHtml as escapeHtml } from '@parley/contracts/visitor-mails';
