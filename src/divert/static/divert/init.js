// Starts every GOV.UK Frontend component on the page (kept out of the page for the CSP).
import { initAll } from "../govuk/govuk-frontend.min.js";
initAll();
