import { describe, expect, it } from 'vitest';
import { extractLinks } from '../../../src/datasources/custom/html-links.js';

describe('links of an HTML page', () => {
  it('reads every <a href>, in page order, inside <pre> too, with entities decoded', () => {
    const html = `<html><body>
      <h1>Index of /download/</h1><hr><pre><a href="../">../</a>
<a href="nginx-1.26.1.tar.gz">nginx-1.26.1.tar.gz</a>    28-May-2024 14:00  1.2M
<a href='nginx-1.27.0.tar.gz'>nginx-1.27.0.tar.gz</a>    29-May-2024 14:00  1.2M
</pre><hr>
      <A class="x" HREF=plain-1.0.zip>plain</A>
      <a title="a > b" href="q?x=1&amp;y=2">q</a>
      <!-- <a href="commented-out">no</a> -->
      <a name="anchor">no href</a><abbr href="not-a-link">x</abbr>
    </body></html>`;
    expect(extractLinks(html)).toEqual(['../', 'nginx-1.26.1.tar.gz', 'nginx-1.27.0.tar.gz', 'plain-1.0.zip', 'q?x=1&y=2']);
  });

  it('reads a huge malformed page in linear time', () => {
    const started = performance.now();
    expect(extractLinks('<a '.repeat(300_000))).toEqual([]);
    expect(extractLinks(`${'<a href="x">'.repeat(100_000)}`)).toHaveLength(100_000);
    expect(extractLinks('<!--'.repeat(100_000))).toEqual([]);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
