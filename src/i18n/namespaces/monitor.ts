import en from '../locales/en/monitor.json';
import { defineNamespace } from '../i18n';

/** The monitor: status history chart, health on the cards, channel alerts on the configuration page. */
export const monitorNs = defineNamespace('monitor', en);
