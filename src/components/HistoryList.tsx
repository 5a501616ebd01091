/**
 * A list of change-history entries (a profile's History, the tenant's Recent changes): one line
 * each, expandable to the change list, who and the request ids, with "Restore this version" on
 * past saves when the caller can restore.
 */
import {
  Accordion,
  AccordionHeader,
  AccordionItem,
  AccordionPanel,
  Badge,
  Button,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { ArrowUndo20Regular } from '@fluentui/react-icons/svg/arrow-undo';
import type { HistoryEntry, ProfileUpdate } from '../../contracts/api';
import { toUpdate } from '../../contracts/profileModel';
import { formatAbsolute, formatRelative } from '../lib/relativeTime';
import { useAppServices, useControlSize } from '../services/appServices';
import { changeSetting, changeText } from './changeText';
import { editorNs } from '../i18n/namespaces/editor';
import { entrySentence, outcomeNote, type SettingName } from './historyWording';

import { historyNs } from '../i18n/namespaces/history';
import { rich, useT } from '../i18n/react';
const useStyles = makeStyles({
  accordion: {
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground1,
    boxShadow: tokens.shadow2,
  },
  headerText: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS, minWidth: 0 },
  sentence: { overflowWrap: 'anywhere' },
  meta: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
    color: tokens.colorNeutralForeground3,
    fontSize: tokens.fontSizeBase200,
  },
  changes: { margin: 0, paddingInlineStart: tokens.spacingHorizontalXL, overflowWrap: 'anywhere' },
  panel: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    paddingBlockEnd: tokens.spacingVerticalM,
  },
  code: {
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    overflowWrap: 'anywhere',
  },
  restore: { alignSelf: 'flex-start' },
});

export function HistoryList({
  entries,
  onRestore,
  withProfile,
}: {
  entries: HistoryEntry[];
  onRestore: ((update: ProfileUpdate) => void) | null;
  withProfile: boolean;
}) {
  const styles = useStyles();
  const size = useControlSize();
  const { host } = useAppServices();
  const t = useT(historyNs);
  // The settings in the admin's language, in the words the review dialog uses for them.
  const te = useT(editorNs);
  const settingName: SettingName = (change) => changeSetting(te, change);
  const now = Date.now();
  // The newest accepted save holds the version the profile has now: nothing to restore there.
  const newestSaved = entries.findIndex((e) => e.operation === 'save' && e.outcome === 'succeeded');
  return (
    <Accordion className={styles.accordion} multiple collapsible aria-label={t('listLabel')}>
      {entries.map((entry, index) => {
        const note = outcomeNote(entry, t);
        const when = formatRelative(entry.startedAt, now, host.locale) ?? '';
        const restorable =
          onRestore &&
          index !== newestSaved &&
          entry.operation === 'save' &&
          entry.outcome === 'succeeded' &&
          entry.after;
        return (
          <AccordionItem key={entry.id} value={entry.id}>
            <AccordionHeader size={size === 'large' ? 'large' : 'medium'}>
              <span className={styles.headerText}>
                <Text className={styles.sentence}>
                  {t('entryWithTime', { sentence: entrySentence(entry, withProfile, t, settingName), when })}
                </Text>
                {note && (
                  <span className={styles.meta}>
                    <Badge appearance="tint" color={entry.outcome === 'pending' ? 'informative' : 'danger'}>
                      {note}
                    </Badge>
                  </span>
                )}
              </span>
            </AccordionHeader>
            <AccordionPanel className={styles.panel}>
              {entry.changes.length > 0 && (
                <ul className={styles.changes} aria-label={t('whatChanged')}>
                  {entry.changes.map((change) => (
                    <li key={change.key}>{changeText(te, change)}</li>
                  ))}
                </ul>
              )}
              <span className={styles.meta}>
                <span>{formatAbsolute(entry.startedAt, host.locale)}</span>
                <span>{entry.actor.userPrincipalName}</span>
                {entry.detail && entry.outcome !== 'succeeded' && <span>{entry.detail}</span>}
                <span>
                  {rich(t, 'requestId', { id: <span className={styles.code}>{entry.requestId}</span> })}
                </span>
                {entry.graphRequestId && (
                  <span>
                    {rich(t, 'graphRequestId', {
                      id: <span className={styles.code}>{entry.graphRequestId}</span>,
                    })}
                  </span>
                )}
              </span>
              {restorable && (
                <Button
                  className={styles.restore}
                  size={size}
                  icon={<ArrowUndo20Regular />}
                  onClick={() => onRestore(toUpdate(entry.after!))}
                >
                  {t('restore')}
                </Button>
              )}
            </AccordionPanel>
          </AccordionItem>
        );
      })}
    </Accordion>
  );
}
