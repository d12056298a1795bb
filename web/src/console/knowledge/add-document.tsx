import { useState } from 'preact/hooks';
import type { KnowledgeDocument, ManagementApi } from '../api/management-api';
import { useApiCall } from '../api/use-api-call';
import { Problem } from '../ui/problem';
import { t } from '../words';

/** The largest file a document may be (docs/knowledge.md "The API"): refused here before it is sent. */
const MAX_FILE_BYTES = 20 * 1024 * 1024;
/** What the file picker offers: the kinds of file a document is read from, by name and by type. */
const ACCEPTED_FILES = [
  '.txt',
  '.md',
  '.markdown',
  '.html',
  '.htm',
  '.pdf',
  '.docx',
  'text/plain',
  'text/markdown',
  'text/html',
  'application/pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
].join(',');
/** The most text a pasted document holds (larger ones are uploaded as files). */
const MAX_TEXT = 262_144;

type Way = 'file' | 'text' | 'url';
const WAYS: readonly { id: Way; label: string }[] = [
  { id: 'file', label: t('add.file') },
  { id: 'text', label: t('add.text') },
  { id: 'url', label: t('add.url') },
];

/** A size in mebibytes, as the limit is said. */
const mebibytes = (bytes: number) => t.number(bytes / (1024 * 1024), { maximumFractionDigits: 1 });

/**
 * A document added to a base one of three ways (docs/knowledge.md "The API"): a file
 * uploaded, text pasted with its title, or a web page's address fetched once. The answer comes at
 * once, `processing`; `onAdded` hears it, and the base's list follows its reading.
 */
export function AddDocument({
  api,
  baseId,
  onAdded,
  onUnauthorized,
}: {
  api: ManagementApi;
  baseId: string;
  onAdded(document: KnowledgeDocument): void;
  onUnauthorized(): void;
}) {
  const [way, setWay] = useState<Way>('file');
  const [file, setFile] = useState<File>();
  const [title, setTitle] = useState('');
  const [text, setText] = useState('');
  const [url, setUrl] = useState('');
  /** A file over the limit, said before anything is sent. */
  const [tooLarge, setTooLarge] = useState<string>();
  /** Bumped to empty the file picker after an upload (its value cannot be set). */
  const [picker, setPicker] = useState(0);
  const { run, error, setError, busy } = useApiCall(onUnauthorized);

  const complete = way === 'file' ? file !== undefined && !tooLarge : way === 'text' ? title.trim() !== '' && text.trim() !== '' : url.trim() !== '';

  const submit = (event: Event) => {
    event.preventDefault();
    if (!complete || busy) return;
    void run(async () => {
      const named = title.trim() || undefined;
      const added =
        way === 'file' && file
          ? await api.addKnowledgeFile(baseId, file, named)
          : way === 'text'
            ? await api.addKnowledgeDocument(baseId, { title: title.trim(), text })
            : await api.addKnowledgeDocument(baseId, { url: url.trim(), ...(named ? { title: named } : {}) });
      setFile(undefined);
      setPicker((n) => n + 1);
      setTitle('');
      setText('');
      setUrl('');
      onAdded(added);
    });
  };
  const choose = (next: Way) => {
    setWay(next);
    setError(undefined);
  };
  const pick = (chosen: File | undefined) => {
    setFile(chosen);
    setTooLarge(chosen && chosen.size > MAX_FILE_BYTES ? t('add.tooLarge', { name: chosen.name, size: mebibytes(chosen.size) }) : undefined);
  };

  return (
    <form class="stack add-document" onSubmit={submit} aria-labelledby="add-document-title">
      <h2 id="add-document-title">{t('add.title')}</h2>
      <fieldset class="ways">
        <legend>{t('add.how')}</legend>
        {WAYS.map((option) => (
          <label key={option.id} class="inline-field">
            <input type="radio" name="add-document-way" value={option.id} checked={way === option.id} onChange={() => choose(option.id)} /> {option.label}
          </label>
        ))}
      </fieldset>
      {way === 'file' && (
        <div class="field">
          <label for="add-document-file">{t('add.chooseFile')}</label>
          <input
            key={picker}
            id="add-document-file"
            type="file"
            accept={ACCEPTED_FILES}
            required
            aria-describedby="add-document-file-hint"
            aria-invalid={tooLarge ? 'true' : undefined}
            onChange={(e) => pick((e.target as HTMLInputElement).files?.[0])}
          />
          <p class="muted hint" id="add-document-file-hint">
            {t('add.fileHint')}
          </p>
          {tooLarge && (
            <p class="problem" role="alert">
              {tooLarge}
            </p>
          )}
        </div>
      )}
      {way === 'url' && (
        <div class="field">
          <label for="add-document-url">{t('add.address')}</label>
          <input
            id="add-document-url"
            type="url"
            inputMode="url"
            required
            maxLength={2_000}
            value={url}
            aria-describedby="add-document-url-hint"
            onInput={(e) => setUrl((e.target as HTMLInputElement).value)}
          />
          <p class="muted hint" id="add-document-url-hint">
            {t('add.urlHint')}
          </p>
        </div>
      )}
      <div class="field">
        <label for="add-document-title-field">{way === 'text' ? t('add.docTitle') : t('add.titleOptional')}</label>
        <input
          id="add-document-title-field"
          value={title}
          maxLength={300}
          required={way === 'text'}
          aria-describedby="add-document-title-hint"
          onInput={(e) => setTitle((e.target as HTMLInputElement).value)}
        />
        <p class="muted hint" id="add-document-title-hint">
          {way === 'file' ? t('add.fileTitleHint') : way === 'url' ? t('add.urlTitleHint') : t('add.titleHint')}
        </p>
      </div>
      {way === 'text' && (
        <div class="field">
          <label for="add-document-text">{t('add.textLabel')}</label>
          <textarea
            id="add-document-text"
            rows={8}
            required
            maxLength={MAX_TEXT}
            value={text}
            aria-describedby="add-document-text-hint"
            onInput={(e) => setText((e.target as HTMLTextAreaElement).value)}
          />
          <p class="muted hint" id="add-document-text-hint">
            {t('add.textHint')}
          </p>
        </div>
      )}
      <Problem error={error} />
      <div class="actions">
        <button type="submit" class="primary" disabled={busy || !complete}>
          {busy ? t('add.busy') : way === 'file' ? t('add.upload') : way === 'text' ? t('add.addText') : t('add.addPage')}
        </button>
      </div>
    </form>
  );
}
