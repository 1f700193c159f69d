import '@backstage/cli/asset-types';
import ReactDOM from 'react-dom/client';
import App from './App';
import { readDemoUserFromUrl } from './demoUser';
import '@backstage/ui/css/styles.css';

readDemoUserFromUrl();
ReactDOM.createRoot(document.getElementById('root')!).render(App);
