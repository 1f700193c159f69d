export { AnswerDialog } from './AnswerDialog';
