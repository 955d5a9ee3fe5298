/** §3 name rules: empty, missing, control characters, whitespace trimming, slashes, spaces and unicode. */
import { hasTasks, type DiffCase } from '../case.js';

/** Info once the connector's one task exists on that side (task configs appear asynchronously). */
const withTask = hasTasks(1);

const config = { 'connector.class': 'FileStreamSource', topic: 'names-{{t}}', file: '{{dir}}/names.txt' };

export const namesCase: DiffCase = {
  name: 'names',
  covers: 'empty / missing / null names, control characters, trimming, slash, space, unicode, URL-encoded names',
  async run(ctx) {
    const create = (label: string, body: unknown) => ctx.both(label, { method: 'POST', path: '/connectors', body });
    await create('empty name', { name: '', config });
    await create('missing name', { config });
    await create('null name', { name: null, config });
    await create('blank name', { name: '   ', config });
    await create('newline in name', { name: 'a\nb', config });
    await create('tab and CR in name', { name: 'a\t\rb', config });
    await create('DEL and C1 control', { name: 'a\u007fb\u0085', config });
    await create('padded name is trimmed', { name: '  nm-padded \t', config });
    await ctx.waitBoth('trimmed name readable', { method: 'GET', path: '/connectors/nm-padded' }, withTask);
    await create('padded name with matching config name', {
      name: ' nm-pad2 ',
      config: { ...config, name: 'nm-pad2' },
    });
    await create('padded name with padded config name', {
      name: ' nm-pad3 ',
      config: { ...config, name: ' nm-pad3 ' },
    });
    await ctx.both('PUT keeps the URL name verbatim', {
      method: 'PUT',
      path: '/connectors/%20nm-put%20/config',
      body: config,
    });
    await ctx.waitBoth('PUT-created name with spaces', { method: 'GET', path: '/connectors/%20nm-put%20' }, withTask);
    await create('space and unicode', { name: 'nm space ü', config });
    await ctx.waitBoth(
      'space and unicode readable',
      { method: 'GET', path: '/connectors/nm%20space%20%C3%BC' },
      withTask,
    );
    await create('reserved URL characters', { name: 'nm?x#y', config });
    await ctx.both('reserved characters readable', { method: 'GET', path: '/connectors/nm%3Fx%23y/config' });
    await create('percent sign is accepted', { name: 'nm%{{t}}', config });
    await ctx.both('percent name reached with %25', { method: 'GET', path: '/connectors/nm%25{{t}}/config' });
    await create('slash name is accepted', { name: 'nm/{{t}}', config });
    await ctx.both('slash name reached with %2F', { method: 'GET', path: '/connectors/nm%2F{{t}}' });
    await ctx.both('slash name is no route', { method: 'GET', path: '/connectors/nm/{{t}}' });
    await create('very long name', { name: `nm-${'x'.repeat(200)}`, config });
    await ctx.both('names', { method: 'GET', path: '/connectors' }, { unordered: [''] });
  },
};
