import {
  Accordion,
  AccordionHeader,
  AccordionItem,
  AccordionPanel,
  Badge,
  Button,
  Caption1,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  Subtitle2,
  Text,
} from '@fluentui/react-components';
import { useState, type ReactNode } from 'react';
import { syncEntities, type SyncEntity } from '../../contracts/graph';
import { useAppServices, useControlSize } from '../services/appServices';
import { ProblemBar } from '../components/ProblemBar';
import { RelativeTime } from '../components/RelativeTime';
import { entityChangeLabels } from '../../contracts/profileModel';
import { ConflictDialog } from './ConflictDialog';
import { countUnder, FORM_PATH } from './fieldErrors';
import { ReviewDialog } from './ReviewDialog';
import { CustomizationSection } from './sections/CustomizationSection';
import { GeneralSection } from './sections/GeneralSection';
import { IdentitySection } from './sections/IdentitySection';
import { LicensesSection } from './sections/LicensesSection';
import { ProviderSection } from './sections/ProviderSection';
import type { SectionProps } from './sections/sectionProps';
import { useProfileEditor, type EditorProps } from './useProfileEditor';
import { useProfileEditorStyles } from './useProfileEditorStyles';
import { editorNs } from '../i18n/namespaces/editor';
import { rich, useT } from '../i18n/react';

type SectionId = 'general' | SyncEntity | 'identity' | 'licenses' | 'provider';

/** Which field paths belong to a section (for its problem count). */
const errorPrefixes: Record<SectionId, string[]> = {
  general: ['displayName', 'expirationDate', 'handleSpecialCharacterConstraint'],
  school: ['dataProvider.customizations.school'],
  section: ['dataProvider.customizations.section'],
  student: ['dataProvider.customizations.student'],
  teacher: ['dataProvider.customizations.teacher'],
  studentEnrollment: ['dataProvider.customizations.studentEnrollment'],
  teacherRoster: ['dataProvider.customizations.teacherRoster'],
  identity: ['identitySynchronizationConfiguration'],
  licenses: ['licensesToAssign'],
  provider: [],
};

const changeSections: Record<string, SectionId> = {
  General: 'general',
  Identity: 'identity',
  Licenses: 'licenses',
  ...Object.fromEntries(syncEntities.map((e) => [entityChangeLabels[e], e])),
};

function startsCollapsed(density: 'comfortable' | 'touch'): boolean {
  return density === 'touch' || window.matchMedia('(max-width: 37.5em)').matches;
}

/** The profile's settings, edited safely: validated, reviewed, kept as a draft, conflict-aware. */
export default function ProfileEditor(props: EditorProps) {
  const styles = useProfileEditorStyles();
  const size = useControlSize();
  const { host } = useAppServices();
  const t = useT(editorNs);
  const sectionTitle = (id: SectionId) => t(`section_${id}`);
  const editor = useProfileEditor(props);
  const [initiallyOpen] = useState<SectionId[]>(() => (startsCollapsed(host.density) ? [] : ['general']));
  const { errors, changes } = editor;
  const disabled = editor.readOnly || editor.save.phase === 'saving';
  const sectionProps: SectionProps = { draft: editor.draft, edit: editor.edit, errors, disabled, size };

  const problemCount = (id: SectionId) =>
    errorPrefixes[id].reduce((sum, prefix) => sum + countUnder(errors, prefix), 0);
  const edited = new Set(changes.map((c) => changeSections[c.section]));
  const sectionsWithProblems = (Object.keys(errorPrefixes) as SectionId[]).filter(
    (id) => problemCount(id) > 0,
  );

  const item = (id: SectionId, body: ReactNode) => {
    const problems = problemCount(id);
    return (
      <AccordionItem value={id} key={id}>
        <AccordionHeader size="large">
          <span className={styles.headerText}>
            {sectionTitle(id)}
            {problems > 0 && (
              <Badge appearance="tint" color="danger" shape="rounded">
                {t('problems', { count: problems })}
              </Badge>
            )}
            {edited.has(id) && (
              <Badge appearance="outline" color="brand" shape="rounded">
                {t('edited')}
              </Badge>
            )}
          </span>
        </AccordionHeader>
        <AccordionPanel className={styles.panel}>{body}</AccordionPanel>
      </AccordionItem>
    );
  };

  return (
    <section className={styles.root} aria-labelledby="editor-title">
      <div className={styles.titleBlock}>
        <Subtitle2 as="h2" id="editor-title" className={styles.heading}>
          {t('title')}
        </Subtitle2>
        <Caption1 className={styles.intro} as="p">
          {editor.readOnly ? t('introReadOnly') : t('introEditing')}
        </Caption1>
      </div>

      {editor.readOnly && props.readOnlyReason && (
        <MessageBar intent="info">
          <MessageBarBody>{t('editingOff', { reason: props.readOnlyReason })}</MessageBarBody>
        </MessageBar>
      )}

      {!editor.readOnly && editor.loadedProblems > 0 && (
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>{t('loadedProblemsTitle')}</MessageBarTitle>
            {t('loadedProblems', { count: editor.loadedProblems })}
          </MessageBarBody>
        </MessageBar>
      )}

      {editor.offer && (
        <MessageBar intent="info" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>{t('draftTitle')}</MessageBarTitle>
            {rich(t, 'draftBody', {
              when: <RelativeTime value={editor.offer.savedAt} locale={host.locale} />,
            })}
          </MessageBarBody>
          <MessageBarActions>
            <Button appearance="primary" size={size} onClick={editor.restoreDraft}>
              {t('restoreDraft')}
            </Button>
            <Button size={size} onClick={editor.discardDraftOffer}>
              {t('discardDraft')}
            </Button>
          </MessageBarActions>
        </MessageBar>
      )}

      {editor.save.phase === 'saved' && (
        <MessageBar intent="success" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>{t('savedTitle')}</MessageBarTitle>
            {t('savedBody')}
          </MessageBarBody>
        </MessageBar>
      )}
      {editor.save.phase === 'error' && (
        <ProblemBar error={editor.save.error} onRetry={editor.openReview} title={t('saveFailed')} />
      )}
      {errors.get(FORM_PATH) && (
        <MessageBar intent="error">
          <MessageBarBody>{errors.get(FORM_PATH)}</MessageBarBody>
        </MessageBar>
      )}

      <Accordion className={styles.accordion} multiple collapsible defaultOpenItems={initiallyOpen}>
        {item('general', <GeneralSection {...sectionProps} />)}
        {syncEntities.map((entity) =>
          item(entity, <CustomizationSection entity={entity} {...sectionProps} />),
        )}
        {item('identity', <IdentitySection {...sectionProps} onKindChange={editor.setIdentityKind} />)}
        {item('licenses', <LicensesSection {...sectionProps} />)}
        {item('provider', <ProviderSection draft={editor.draft} />)}
      </Accordion>

      {!editor.readOnly && (
        <div className={styles.footer} role="region" aria-label={t('saveRegion')}>
          <div className={styles.footerText} aria-live="polite">
            <Text weight="semibold">
              {editor.dirty ? t('unsaved', { count: changes.length }) : t('noUnsaved')}
            </Text>
            {sectionsWithProblems.length > 0 ? (
              <Caption1>
                {t('fixBefore', {
                  count: errors.size,
                  sections: sectionsWithProblems.map(sectionTitle).join(t('listSeparator')),
                })}
              </Caption1>
            ) : editor.dirty ? (
              <Caption1>{editor.kept === 'notKept' ? t('draftNotKept') : t('draftKept')}</Caption1>
            ) : null}
          </div>
          <div className={styles.footerButtons}>
            <Button size={size} onClick={editor.discardChanges} disabled={!editor.dirty || disabled}>
              {t('discardChanges')}
            </Button>
            <Button
              size={size}
              appearance="primary"
              onClick={editor.openReview}
              disabled={!editor.dirty || errors.size > 0 || disabled}
            >
              {t('reviewChanges')}
            </Button>
          </div>
        </div>
      )}

      <ReviewDialog
        open={editor.reviewOpen}
        changes={changes}
        saving={editor.save.phase === 'saving'}
        rebaseNote={editor.rebaseNote}
        onSave={() => void editor.submit()}
        onClose={editor.closeReview}
      />
      <ConflictDialog
        conflict={editor.conflict}
        onReapply={editor.reapply}
        onKeepTheirs={editor.keepTheirs}
        onClose={editor.closeConflict}
      />
    </section>
  );
}
