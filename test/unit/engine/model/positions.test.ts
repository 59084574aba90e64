import { indexPositions } from '../../../../src/engine/model/positions.js';

const xml = [
  '<?xml version="1.0"?>',
  '<root id="R">',
  '  <!-- <fake id="C"/> -->',
  '  <a id="A" x:assignee="${x > 1}">',
  "    <b name='n'/>\r\n    <c id='C' />",
  '  </a>',
  '</root>',
].join('\n');

describe('indexPositions', () => {
  const positions = indexPositions(xml);

  test('an element is found by its id, outside comments, across \\n and \\r\\n line ends', () => {
    expect(positions.ofElement('R')).toEqual({ line: 2, column: 1 });
    expect(positions.ofElement('A')).toEqual({ line: 4, column: 3 });
    expect(positions.ofElement('C')).toEqual({ line: 6, column: 5 });
    expect(positions.ofElement('Nope')).toBeNull();
  });

  test('an attribute is found within its element, whatever its prefix', () => {
    expect(positions.ofElement('A', 'camunda:assignee')).toEqual({ line: 4, column: 13 });
    expect(positions.ofElement('A', 'missing')).toEqual({ line: 4, column: 3 });
  });

  test('the element at a position knows its own id and that of its nearest ancestor with one', () => {
    expect(positions.elementAt({ line: 5, column: 5 })).toEqual({ id: null, enclosingId: 'A' });
    expect(positions.elementAt({ line: 6, column: 5 })).toEqual({ id: 'C', enclosingId: 'A' });
    expect(positions.elementAt({ line: 1, column: 1 })).toEqual({ id: null, enclosingId: null });
  });

  test('offsets become 1-based lines and columns', () => {
    expect(positions.ofOffset(0)).toEqual({ line: 1, column: 1 });
    expect(positions.end).toEqual({ line: 8, column: 8 });
  });
});
