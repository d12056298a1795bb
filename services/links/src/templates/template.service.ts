import { AppError, type CreateTemplateBody, type LinkTemplate, type TemplateSettings, type UpdateTemplateBody } from '@parley/contracts';
import type { JsonObject } from '@parley/db';
import { checkContentRules } from '../links/settings.js';
import { BUILT_IN_TEMPLATES, builtInTemplate } from './built-in.js';
import type { TemplateRepository } from './template.repository.js';

type TemplateRow = NonNullable<Awaited<ReturnType<TemplateRepository['find']>>>;

const view = (row: TemplateRow): LinkTemplate => ({
  name: row.name,
  description: row.description,
  settings: row.settings,
  built_in: false,
  created_at: row.created_at.toISOString(),
  updated_at: row.updated_at.toISOString(),
});

const builtInRefused = (name: string) => new AppError('conflict', `"${name}" is a built-in template: it cannot be changed or deleted`);

/**
 * Link templates: the built-in ones and a tenant's own, which may not take a built-in's name, so
 * a name always means one set of settings.
 */
export class TemplateService {
  constructor(private readonly templates: TemplateRepository) {}

  async list(tenantId: string): Promise<{ templates: LinkTemplate[] }> {
    const own = await this.templates.list(tenantId);
    const builtIn = BUILT_IN_TEMPLATES.map((t) => ({
      name: t.name,
      description: t.description,
      settings: t.settings,
      built_in: true,
      created_at: null,
      updated_at: null,
    }));
    return { templates: [...builtIn, ...own.map(view)] };
  }

  async create(tenantId: string, body: CreateTemplateBody): Promise<LinkTemplate> {
    if (builtInTemplate(body.name)) throw new AppError('conflict', `"${body.name}" is the name of a built-in template`);
    checkContentRules(body.settings.content_rules, 'body.settings.content_rules');
    const row = await this.templates.create({ tenantId, name: body.name, description: body.description ?? null, settings: body.settings as JsonObject });
    if (!row) throw new AppError('conflict', `a template named "${body.name}" already exists`);
    return view(row);
  }

  async update(tenantId: string, name: string, changes: UpdateTemplateBody): Promise<LinkTemplate> {
    if (builtInTemplate(name)) throw builtInRefused(name);
    checkContentRules(changes.settings?.content_rules, 'body.settings.content_rules');
    const row = await this.templates.update(tenantId, name, { description: changes.description, settings: changes.settings as JsonObject | undefined });
    if (!row) throw notFound(name);
    return view(row);
  }

  async delete(tenantId: string, name: string): Promise<{ deleted: true }> {
    if (builtInTemplate(name)) throw builtInRefused(name);
    if (!(await this.templates.delete(tenantId, name))) throw notFound(name);
    return { deleted: true };
  }

  /** The settings a link made from this template starts with; a name that is no template is refused at `path`. */
  async settingsOf(tenantId: string, name: string, path: string[] = ['template']): Promise<TemplateSettings> {
    const builtIn = builtInTemplate(name);
    if (builtIn) return builtIn.settings;
    const row = await this.templates.find(tenantId, name);
    if (!row) throw new AppError('invalid', `no template named "${name}"`, { details: [{ path: path.join('.'), message: 'no such template' }] });
    return row.settings as TemplateSettings;
  }
}

const notFound = (name: string) => new AppError('not_found', `template "${name}" not found`);
