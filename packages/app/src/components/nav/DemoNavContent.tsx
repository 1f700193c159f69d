import { makeStyles } from '@material-ui/core';
import GroupIcon from '@material-ui/icons/People';
import MenuIcon from '@material-ui/icons/Menu';
import {
  Link,
  Sidebar,
  sidebarConfig,
  SidebarDivider,
  SidebarGroup,
  SidebarItem,
  SidebarSpace,
  useSidebarOpenState,
} from '@backstage/core-components';
import { MyGroupsSidebarItem } from '@backstage/plugin-org';
import { NotificationsSidebarItem } from '@backstage/plugin-notifications';
import type {
  NavContentComponentProps,
  NavContentNavItem,
} from '@backstage/plugin-app-react';
import LogoFull from './LogoFull';
import LogoIcon from './LogoIcon';
import { ActAsDemoUser } from './ActAsDemoUser';

const useSidebarLogoStyles = makeStyles({
  root: {
    width: sidebarConfig.drawerWidthClosed,
    height: 3 * sidebarConfig.logoHeight,
    display: 'flex',
    flexFlow: 'row nowrap',
    alignItems: 'center',
    marginBottom: -14,
  },
  link: {
    width: sidebarConfig.drawerWidthClosed,
    marginLeft: 24,
  },
});

const SidebarLogo = () => {
  const classes = useSidebarLogoStyles();
  const { isOpen } = useSidebarOpenState();
  return (
    <div className={classes.root}>
      <Link to="/" underline="none" className={classes.link} aria-label="Home">
        {isOpen ? <LogoFull /> : <LogoIcon />}
      </Link>
    </div>
  );
};

/** A page's navigation item; title and icon come from its PageBlueprint. */
const NavItem = ({ href, title, icon }: NavContentNavItem) => (
  <SidebarItem to={href} text={title} icon={() => icon} />
);

/**
 * The demo's sidebar: the pages of the installed plugins (Home, Catalog and
 * Readiness first), the signed-in user's groups and the "Act as" selector.
 */
export function DemoNavContent({ navItems }: NavContentComponentProps) {
  const items = navItems.withComponent(NavItem);
  // The bell replaces the notifications page's plain item: it shows the
  // unread count (kept current by signals) and pops up new notifications.
  items.take('page:notifications');
  return (
    <Sidebar>
      <SidebarLogo />
      <SidebarDivider />
      <SidebarGroup label="Menu" icon={<MenuIcon />}>
        {items.take('page:home')}
        {items.take('page:search')}
        {items.take('page:catalog')}
        {items.take('page:readiness')}
        <MyGroupsSidebarItem
          singularTitle="My Group"
          pluralTitle="My Groups"
          icon={GroupIcon}
        />
        {items.rest({ sortBy: 'title' })}
      </SidebarGroup>
      <SidebarSpace />
      <SidebarDivider />
      <NotificationsSidebarItem />
      <ActAsDemoUser />
    </Sidebar>
  );
}
