// Every workload, in table order.
import lenet from './lenet.mjs';
import sgemm from './sgemm.mjs';
import conv from './conv.mjs';
import resblock from './resblock.mjs';

export const WORKLOADS = [...lenet, ...sgemm, ...conv, ...resblock];

export function findWorkload(id) {
  const w = WORKLOADS.find((x) => x.id === id);
  if (!w) throw new Error(`unknown workload ${id}; known: ${WORKLOADS.map((x) => x.id).join(', ')}`);
  return w;
}
