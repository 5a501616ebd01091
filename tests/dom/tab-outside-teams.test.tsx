import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import OutsideTeams from '../../src/components/OutsideTeams';

function renderOutside(hostOrigins: string[]) {
  render(
    <FluentProvider theme={webLightTheme}>
      <OutsideTeams reason="noHost" detail="No Parent window found" hostOrigins={hostOrigins} />
    </FluentProvider>,
  );
}

describe('the tab opened outside Teams', () => {
  it('tells a production user to open it in Teams, with no developer instructions', () => {
    renderOutside([]);
    expect(screen.getByRole('heading', { name: 'Open SDS Profiles in Microsoft Teams' })).toBeTruthy();
    expect(screen.queryByRole('link')).toBeNull();
    expect(document.body.textContent).not.toMatch(/npm|localhost/);
  });

  it('links the local Teams host only when the configuration names one', () => {
    renderOutside(['https://localhost:41902']);
    expect(screen.getByRole('link', { name: 'https://localhost:41902' }).getAttribute('href')).toBe(
      'https://localhost:41902/',
    );
  });
});
