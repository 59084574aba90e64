/**
 * Typed variable values: the REST `{value, type, valueInfo}` codec, the database columns of a variable row,
 * plain-JS conversion for expressions, the Camunda REST date format and variable query filters.
 */
export { VALUE_TYPE_NAMES, isValueTypeName, toJsValue, inferTypedValue } from './typed-value.js';
export type { ValueTypeName, TypedValue, VariableValueDto, VariableMap } from './typed-value.js';
export { fromRestValue, fromRestVariables, toRestValue, toRestVariables, restTypeName } from './rest-codec.js';
export type { RestVariable, RestRenderOptions } from './rest-codec.js';
export { toColumns, fromColumns } from './columns.js';
export type { VariableColumns } from './columns.js';
export { formatEngineDate, formatEngineDateOrNull, parseEngineDate } from './engine-date.js';
export {
  VARIABLE_FILTER_OPERATORS, parseVariableFilterParam, parseVariableFilterList, matchesFilter,
} from './variable-filter.js';
export type { VariableFilter, VariableFilterOperator, FilterMatchOptions } from './variable-filter.js';
