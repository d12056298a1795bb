import { createServer } from 'node:http';

/**
 * Another site's page with the widget embedded as the docs say (one script tag, async), served
 * on an origin of its own like a customer's site: what the widget costs the pages it is put on.
 * The page itself is plain text, so what Lighthouse finds beyond it is the widget's.
 */
export async function startHostPage(platformUrl: string, token: string): Promise<{ url: string; close(): Promise<void> }> {
  const html = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>Spoke &amp; Chain – bicycle repairs</title>
    <script src="${platformUrl}/widget.js" data-token="${token}" async></script>
  </head>
  <body>
    <main>
      <h1>Spoke &amp; Chain</h1>
      <p>Repairs, servicing and parts for every kind of bicycle. Bring it in before ten and it is usually ready the same day.</p>
      <p>Questions about a repair? Ask in the chat at the bottom of the page.</p>
    </main>
  </body>
</html>
`;
  const server = createServer((request, response) => {
    if (request.url !== '/') {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found');
      return;
    }
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' }).end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the host page server has no port');
  return {
    url: `http://127.0.0.1:${address.port}/`,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
