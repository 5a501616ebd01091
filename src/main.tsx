// PLACEHOLDER: replaced by the tab implementation.
import { createRoot } from 'react-dom/client';

createRoot(document.getElementById('root')!).render(<p>SDS Profiles</p>);
