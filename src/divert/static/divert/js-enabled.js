// GOV.UK Frontend: mark the page as script-enabled before it paints (kept out of the page for the CSP).
document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');
