import { LanguageSwitcher, useI18n } from '../ui/i18n.js';
import { mount } from '../ui/mount.js';

function Landing() {
  const { t } = useI18n();
  const links = [
    ['/pos', t('landing.pos')],
    ['/kds', t('landing.kds')],
    ['/admin', t('landing.admin')],
    ['/platform', t('landing.platform')],
    ['/api/docs', t('landing.api')],
  ] as const;
  return (
    <main className="mx-auto flex min-h-screen max-w-xl flex-col gap-6 p-6">
      <div className="flex items-center justify-between">
        <h1 className="text-3xl font-bold">{t('landing.title')}</h1>
        <LanguageSwitcher />
      </div>
      <p className="text-stone-700">{t('landing.intro')}</p>
      <nav aria-label={t('landing.title')}>
        <ul className="flex flex-col gap-3">
          {links.map(([href, label]) => (
            <li key={href}>
              <a
                href={href}
                className="flex min-h-14 items-center rounded-xl bg-white px-5 text-lg font-medium shadow hover:ring-2 hover:ring-amber-700"
              >
                {label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
    </main>
  );
}

mount(<Landing />);
