// The entry point of the single-file release's page bundle: first the
// modules and the worker this file carries, then the page itself.
import './boot.js';
import '../../www/app.js';
