/** The applicant's steps in the approval chain; each goes through the transition service. */
const step = (name: string) => ({ method: 'POST', path: `/applications/:id/${name}`, handler: `api::application.application.${name}` });

export default {
  routes: ['submit', 'withdraw', 'resubmit', 'completion'].map(step),
};
