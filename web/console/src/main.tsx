import { render } from 'preact';
import { App } from './app';
import { applyLang, loadLang } from './i18n';
import './styles.css';

const root = document.getElementById('root');
if (root !== null) {
  applyLang(loadLang());
  render(<App />, root);
}
