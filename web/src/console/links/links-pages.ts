/** The links tab's pages, loaded together when the tab is first opened: the list, and one link's page. */
export { LinkPage } from './link-page';
export { LinksPanel } from './links-panel';
