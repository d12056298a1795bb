import { describe, expect, it } from 'vitest';
import { renderTemplate } from '../template.js';
import { renderArguments, renderBody, renderText, renderUrl } from './tool-templates.js';

const scope = {
  args: { order_id: 'BK/1042?x=1', qty: 3, nested: { a: [1, 2] } },
  variables: { first_name: 'Ana', order: '{"status":"shipped","items":[{"name":"Lamp"}]}', 'context.page': '/pricing' },
  secrets: { SHOP_KEY: 's3cr3t' },
};

describe("a tool's templates", () => {
  it('a URL encodes each value as one component: an argument cannot add a path, a query or a host', () => {
    expect(renderUrl('https://shop.example/orders/{{args.order_id}}?by={{first_name}}', scope)).toBe('https://shop.example/orders/BK%2F1042%3Fx%3D1?by=Ana');
  });

  it('headers read secrets, arguments and variables; unknown names are empty', () => {
    expect(renderText('Bearer {{secrets.SHOP_KEY}} {{args.qty}} {{nothing}} {{secrets.NONE}}', scope)).toBe('Bearer s3cr3t 3  ');
  });

  it('a JSON body keeps a lone placeholder’s type and renders strings inside', () => {
    expect(
      renderBody(
        { id: '{{args.order_id}}', qty: '{{ args.qty }}', note: 'for {{first_name}}', n: '{{args.nested}}', missing: '{{args.zzz}}', list: ['{{args.qty}}'] },
        scope,
      ),
    ).toEqual({
      id: 'BK/1042?x=1',
      qty: 3,
      note: 'for Ana',
      n: { a: [1, 2] },
      missing: null,
      list: [3],
    });
  });

  it("a call's arguments read variables only: never a secret", () => {
    expect(renderArguments({ a: '{{secrets.SHOP_KEY}}', b: '{{first_name}}' }, scope.variables)).toEqual({ a: null, b: 'Ana' });
  });

  it('what nodes say reads into a kept result, and names with dots still read whole', () => {
    expect(renderTemplate('{{order.status}} / {{order.items.0.name}} / {{context.page}} / {{order.nope}} / {{first_name.length}}', scope.variables)).toBe(
      'shipped / Lamp / /pricing /  / ',
    );
  });
});
