/**
 * The unsaved-changes guard. The editor says whether it holds unsaved edits; navigation inside
 * the tab (back to the dashboard, another profile) asks first, and a page unload gets the
 * browser's own prompt. Edits are also kept as a local draft, so leaving loses nothing — the
 * dialog says so.
 */
import {
  createContext,
  lazy,
  Suspense,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';

const LeaveDialog = lazy(() => import('./LeaveDialog'));

type LeaveGuard = {
  /** The editor registers whether it has unsaved changes (null when it unmounts). */
  setDirty: (dirty: boolean) => void;
  /** Runs `leave` now, or after the admin confirms when there are unsaved changes. */
  confirmLeave: (leave: () => void) => void;
};

const LeaveGuardContext = createContext<LeaveGuard>({
  setDirty: () => undefined,
  confirmLeave: (leave) => leave(),
});

export function useLeaveGuard(): LeaveGuard {
  return useContext(LeaveGuardContext);
}

export function LeaveGuardProvider({ children }: { children: ReactNode }) {
  const dirtyRef = useRef(false);
  const [pending, setPending] = useState<(() => void) | null>(null);
  const [dirty, setDirtyState] = useState(false);

  const setDirty = useCallback((value: boolean) => {
    dirtyRef.current = value;
    setDirtyState(value);
  }, []);

  const confirmLeave = useCallback((leave: () => void) => {
    if (dirtyRef.current) setPending(() => leave);
    else leave();
  }, []);

  useEffect(() => {
    if (!dirty) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      // Older browsers only prompt when returnValue is set.
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [dirty]);

  const value = useMemo(() => ({ setDirty, confirmLeave }), [setDirty, confirmLeave]);

  return (
    <LeaveGuardContext.Provider value={value}>
      {children}
      {pending && (
        <Suspense fallback={null}>
          <LeaveDialog
            onStay={() => setPending(null)}
            onLeave={() => {
              setPending(null);
              dirtyRef.current = false;
              setDirtyState(false);
              pending();
            }}
          />
        </Suspense>
      )}
    </LeaveGuardContext.Provider>
  );
}
