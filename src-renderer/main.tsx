import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App'
// The app's style sheet, in cascade order: the theme, frame, sidebar and buttons; forms and
// notices; lists of entries and one entry; then the timeline and the rest (styles.css).
import './styles/base.css'
import './styles/forms.css'
import './styles/entries.css'
import './styles.css'

const container = document.getElementById('root')
if (container === null) throw new Error('index.html has no #root element')
createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>
)
