import { describe, expect, it } from 'vitest';
import { MAX_FUNCTION_NAME, toolFunctionName } from './tool-names.js';

const functionName = /^[A-Za-z0-9_-]{1,64}$/;

describe('toolFunctionName', () => {
  it('keeps a name a model can already call as it is', () => {
    expect(toolFunctionName('order_status')).toBe('order_status');
    expect(toolFunctionName('Order-Status2')).toBe('Order-Status2');
  });

  it('writes an MCP server’s tool with __ for the dot', () => {
    expect(toolFunctionName('crm.find_customer')).toBe('crm__find_customer');
    expect(toolFunctionName('crm.files.read')).toBe('crm__files__read');
  });

  it('turns any other character a function name cannot hold into _', () => {
    expect(toolFunctionName('crm.find customer')).toBe('crm__find_customer');
    expect(toolFunctionName('docs.files/read')).toBe('docs__files_read');
    expect(toolFunctionName('crm.größe')).toBe('crm__gr__e');
    expect(toolFunctionName('')).toBe('_');
  });

  it('cuts a long name to 64 characters ending in a hash, so names that start alike stay apart', () => {
    const base = `crm.${'a'.repeat(70)}`;
    const first = toolFunctionName(`${base}_one`);
    const second = toolFunctionName(`${base}_two`);
    expect(first).toHaveLength(MAX_FUNCTION_NAME);
    expect(second).toHaveLength(MAX_FUNCTION_NAME);
    expect(first).toMatch(functionName);
    expect(first.startsWith('crm__aaaa')).toBe(true);
    expect(first).toMatch(/_[0-9a-f]{8}$/);
    expect(first).not.toBe(second);
    expect(toolFunctionName(`${base}_one`)).toBe(first);
  });

  it('leaves a name of exactly 64 characters whole', () => {
    const name = 'x'.repeat(MAX_FUNCTION_NAME);
    expect(toolFunctionName(name)).toBe(name);
    expect(toolFunctionName(`${name}y`)).toHaveLength(MAX_FUNCTION_NAME);
  });
});
