import type { Page } from '@playwright/test';

/**
 * The elements that make the page scroll sideways (empty when it does not), named so a failure says what to fix.
 * What a scrolling card clips cannot widen the page, so only elements outside such cards are named.
 */
export function elementsTooWide(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth <= width) return [];
    const clipped = (element: Element) => {
      for (let parent = element.parentElement; parent; parent = parent.parentElement) {
        if (['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(parent).overflowX)) return true;
      }
      return false;
    };
    const sticksOut = (element: Element) => element.getBoundingClientRect().right > width + 1;
    return [...document.body.querySelectorAll('*')]
      .filter((element) => sticksOut(element) && !clipped(element) && ![...element.children].some(sticksOut))
      .slice(0, 5)
      .map((element) => `<${element.tagName.toLowerCase()}> ${(element.textContent ?? '').trim().slice(0, 80)}`);
  });
}
